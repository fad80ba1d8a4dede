module airlock.io/node/proxy

go 1.19
