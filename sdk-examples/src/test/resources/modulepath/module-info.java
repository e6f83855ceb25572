// A program on the module path that uses VerifyKit as an application module would: compiled and run
// by ModulePathTest, so that a wrong module descriptor (a missing export, an unopened package Moshi
// reads) fails the build.
module verifykit.modcheck {
    requires dev.verifykit.sse;
    requires dev.verifykit.opentelemetry;
    requires dev.verifykit.micrometer;
    requires dev.verifykit.redis;
    requires dev.verifykit.servlet;
}
