module airlock.io/node/nodecfg

go 1.19
