module ackgate.example/bench

go 1.19
