package io.airlock.installer.apply;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.JsonNode;
import io.airlock.core.oci.Json;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

class DroppedFieldsTest {

  private static JsonNode json(String s) {
    return Json.parse(s.replace('\'', '"').getBytes(StandardCharsets.UTF_8));
  }

  @Test
  void aFieldTheAnswerLacksIsDroppedWhateverTheValues() {
    JsonNode sent =
        json(
            "{'spec':{'ipFamilyPolicy':'PreferDualStack','ports':[{'port':5000,'appProtocol':'http'}],'type':'ClusterIP'}}");
    JsonNode answer =
        json(
            "{'spec':{'ports':[{'port':5000,'protocol':'TCP','targetPort':5000}],'type':'ClusterIP','sessionAffinity':'None'},'status':{}}");
    assertEquals(
        List.of("spec.ipFamilyPolicy", "spec.ports[].appProtocol"), DroppedFields.of(sent, answer));
  }

  @Test
  void normalisedValuesDefaultsStatusAndStringDataAreNotDrops() {
    JsonNode sent =
        json(
            "{'metadata':{'name':'x','labels':{}},'stringData':{'a':'b'},'spec':{'resources':{'requests':{'memory':'1024Mi'}},'emptyDir':{}},'status':{'phase':'x'}}");
    JsonNode answer =
        json(
            "{'metadata':{'name':'x','uid':'u','managedFields':[]},'data':{'a':'Yg=='},'spec':{'resources':{'requests':{'memory':'1Gi'}},'emptyDir':{}}}");
    assertEquals(List.of(), DroppedFields.of(sent, answer));
  }

  @Test
  void listItemsAreMatchedByContentNotPosition() {
    JsonNode sent =
        json("{'containers':[{'name':'a','image':'i'},{'name':'b','image':'j','newField':1}]}");
    JsonNode answer =
        json(
            "{'containers':[{'name':'b','image':'j'},{'name':'a','image':'i','terminationMessagePath':'/dev'}]}");
    assertEquals(List.of("containers[].newField"), DroppedFields.of(sent, answer));
  }
}
