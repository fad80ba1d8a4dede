package io.airlock.core.registry;

import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandlerContext;
import java.io.IOException;

/** What to do with a request's body, and how to answer once it has all arrived. */
interface RequestBody {
  RequestBody NONE = ctx -> {};

  default void chunk(ByteBuf content) throws RegistryException, IOException {
    // dropped
  }

  void end(ChannelHandlerContext ctx) throws RegistryException, IOException;

  default void abort() {}
}
