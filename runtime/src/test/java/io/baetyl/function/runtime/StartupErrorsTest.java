package io.baetyl.function.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import io.baetyl.function.runtime.support.Certificates;
import io.baetyl.function.runtime.support.CodeDirs;
import io.baetyl.function.runtime.support.RuntimeProcess;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Every start-up problem: exit code 1 and exactly one line on stderr naming what to fix. */
class StartupErrorsTest {

  private static final String GOOD_FUNCTION = """
      functions:
        - name: f
          handler: io.baetyl.function.runtime.fixtures.Handlers::echo
          codedir: code
      """;

  @TempDir Path work;

  static Stream<Arguments> badConfigs() {
    return Stream.of(
        Arguments.of("no functions", "logger: {level: info}\n", Map.of(), "'functions' is required"),
        Arguments.of("not yaml", "functions: [\n", Map.of(), "is not valid YAML"),
        Arguments.of("empty functions", "functions: []\n", Map.of(), "'functions' must be a non-empty list"),
        Arguments.of("no handler", "functions:\n  - name: f\n    codedir: code\n", Map.of(),
            "'functions[0].handler' is required"),
        Arguments.of("no codedir", "functions:\n  - name: f\n    handler: a.B\n", Map.of(),
            "'functions[0].codedir' is required"),
        Arguments.of("workers", "server: {workers: {max: abc}}\n" + GOOD_FUNCTION, Map.of(),
            "'server.workers.max' must be a positive integer, got 'abc'"),
        Arguments.of("concurrent", "server: {concurrent: {max: 0}}\n" + GOOD_FUNCTION, Map.of(),
            "'server.concurrent.max' must be a positive integer"),
        Arguments.of("length", "server: {message: {length: {max: -1}}}\n" + GOOD_FUNCTION, Map.of(),
            "'server.message.length.max' must be a positive integer"),
        Arguments.of("timeout", "server: {timeout: 10 parsecs}\n" + GOOD_FUNCTION, Map.of(),
            "'server.timeout' must be a duration"),
        Arguments.of("address", "server: {address: nowhere}\n" + GOOD_FUNCTION, Map.of(),
            "'server.address' must be host:port"),
        Arguments.of("env address", GOOD_FUNCTION, Map.of("BAETYL_SERVICE_INSTANCE_ADDRESS", "bad"),
            "environment variable BAETYL_SERVICE_INSTANCE_ADDRESS must be host:port"),
        Arguments.of("level", "logger: {level: loud}\n" + GOOD_FUNCTION, Map.of(), "'logger.level' must be one of"),
        Arguments.of("cert", "server: {cert: missing.pem, key: missing.key}\n" + GOOD_FUNCTION, Map.of(),
            "'server.cert' names missing.pem, which is not a readable file"),
        Arguments.of("duplicate", GOOD_FUNCTION + """
              - name: f
                handler: a.B
                codedir: code
            """, Map.of(), "'functions[1].name' repeats the function name 'f'"),
        Arguments.of("handler class", GOOD_FUNCTION.replace("Handlers::echo", "Nope::handle"), Map.of(),
            "function 'f' handler 'io.baetyl.function.runtime.fixtures.Nope::handle': class "
                + "io.baetyl.function.runtime.fixtures.Nope was not found"),
        Arguments.of("handler method", GOOD_FUNCTION.replace("::echo", "::absent"), Map.of(),
            "function 'f' handler 'io.baetyl.function.runtime.fixtures.Handlers::absent': class "
                + "io.baetyl.function.runtime.fixtures.Handlers has no method named absent"),
        Arguments.of("codedir", GOOD_FUNCTION.replace("codedir: code", "codedir: missing"), Map.of(),
            "function 'f' handler 'io.baetyl.function.runtime.fixtures.Handlers::echo': codedir "),
        Arguments.of("codedir missing", GOOD_FUNCTION.replace("codedir: code", "codedir: missing"), Map.of(),
            "missing does not exist; mount the function's code there or fix functions[].codedir."),
        Arguments.of("System.exit(0) in a static initializer", GOOD_FUNCTION.replace("Handlers::echo",
            "ExitingInit::handle"), Map.of(), "start-up did not finish: the JVM is exiting without SIGTERM or SIGINT"
            + " while loading function 'f' (handler 'io.baetyl.function.runtime.fixtures.ExitingInit::handle')"),
        Arguments.of("codedir is a file", GOOD_FUNCTION.replace("codedir: code", "codedir: service.yml"), Map.of(),
            "service.yml is not a directory"),
        Arguments.of("codedir empty", GOOD_FUNCTION.replace("codedir: code", "codedir: empty"), Map.of(),
            "empty is empty; mount the function's jar, lib/*.jar or classes/ there"),
        Arguments.of("static initializer", GOOD_FUNCTION.replace("Handlers::echo", "FailingInit::handle"), Map.of(),
            "the static initializer of class io.baetyl.function.runtime.fixtures.FailingInit threw"
                + " java.lang.IllegalStateException: no database in static init"),
        Arguments.of("constructor", GOOD_FUNCTION.replace("Handlers::echo", "FailingConstructor::handle"), Map.of(),
            "the constructor of io.baetyl.function.runtime.fixtures.FailingConstructor threw"
                + " java.lang.IllegalStateException: no config in constructor"),
        Arguments.of("three parameters", GOOD_FUNCTION.replace("Handlers::echo", "Unruly::three"), Map.of(),
            "method io.baetyl.function.runtime.fixtures.Unruly.three takes 3 parameters"),
        Arguments.of("overloads", GOOD_FUNCTION.replace("Handlers::echo", "Unruly::overloaded"), Map.of(),
            "has 2 public methods named overloaded"),
        Arguments.of("not a mapping", "- functions\n", Map.of(), "the document must be a mapping"),
        Arguments.of("ipv6 without brackets", GOOD_FUNCTION, Map.of("BAETYL_SERVICE_INSTANCE_ADDRESS", "::1"),
            "IPv6 address in brackets"),
        Arguments.of("logger.path unwritable", "logger: {path: service.yml/service.log}\n" + GOOD_FUNCTION,
            Map.of(), "'logger.path' names service.yml/service.log, which cannot be written: "),
        Arguments.of("cert not PEM", "server: {cert: junk.pem, key: junk.pem}\n" + GOOD_FUNCTION, Map.of(),
            "'server.cert' names junk.pem, which holds no PEM certificate"),
        Arguments.of("key not PEM", "server: {cert: tls/server.pem, key: junk.pem}\n" + GOOD_FUNCTION,
            Map.of(), "'server.key' names junk.pem, which holds no unencrypted PKCS#8 private key"),
        Arguments.of("key of another certificate", "server: {cert: tls/server.pem, key: tls/client.key}\n"
            + GOOD_FUNCTION, Map.of(), "'server.key' names tls/client.key, which is not the private key of the"
            + " certificate in 'server.cert' tls/server.pem (CN=localhost)"),
        Arguments.of("certificate as the key", "server: {cert: tls/server.pem, key: tls/server.pem}\n"
            + GOOD_FUNCTION, Map.of(), "'server.key' names tls/server.pem, which holds a certificate, not a private"
            + " key: point server.key at the key file (are server.cert and server.key swapped?)"),
        Arguments.of("corrupt PKCS#8 key", "server: {cert: tls/server.pem, key: corrupt.key}\n" + GOOD_FUNCTION,
            Map.of(), "'server.key' names corrupt.key, which holds no unencrypted PKCS#8 private key in PEM form (its"
            + " contents do not decode)"),
        Arguments.of("key conversion hint", "server: {cert: tls/server.pem, key: junk.pem}\n" + GOOD_FUNCTION,
            Map.of(), "converts with: openssl pkey -in junk.pem -out server-pkcs8.key"),
        Arguments.of("ca not PEM", "server: {cert: tls/server.pem, key: tls/server.key, ca: junk.pem}\n"
            + GOOD_FUNCTION, Map.of(), "'server.ca' names junk.pem, which holds no PEM certificate"));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("badConfigs")
  void badConfigExitsOneWithOneLine(String name, String yaml, Map<String, String> env, String expected)
      throws Exception {
    CodeDirs.fixtures(work.resolve("code"));
    Files.createDirectories(work.resolve("empty"));
    Files.writeString(work.resolve("junk.pem"), "not PEM at all\n");
    Files.writeString(work.resolve("corrupt.key"), "-----BEGIN PRIVATE KEY-----\nMIIEvQIBADANBgkqhkiG9w0BAQEFAASC\n"
        + "-----END PRIVATE KEY-----\n");
    if (yaml.contains("tls/")) {
      copyCertificates(work.resolve("tls"));
    }
    Files.writeString(work.resolve("service.yml"), yaml);
    assertExitsWithOneLine(RuntimeProcess.start(work, env, "-c", "service.yml"), expected);
  }

  @Test
  void tlsMessagesNeverQuoteTheKey() throws Exception {
    CodeDirs.fixtures(work.resolve("code"));
    copyCertificates(work.resolve("tls"));
    String key = Files.readString(work.resolve("tls/server.key"));
    String keyBody = key.lines().filter(l -> !l.startsWith("-----")).findFirst().orElseThrow();
    // the key where the certificate belongs, and the certificate where the key belongs
    Files.writeString(work.resolve("service.yml"), "server: {cert: tls/server.key, key: tls/server.key}\n"
        + GOOD_FUNCTION);
    RuntimeProcess swapped = RuntimeProcess.start(work, Map.of(), "-c", "service.yml");
    assertExitsWithOneLine(swapped, "'server.cert' names tls/server.key, which holds no PEM certificate");
    assertThat(swapped.stderr() + swapped.stdout()).doesNotContain(keyBody.substring(0, 20));
  }

  @Test
  void unloadableHandlerLogsNoStackTraceAtInfo() throws Exception {
    CodeDirs.fixtures(work.resolve("code"));
    Files.writeString(work.resolve("service.yml"),
        GOOD_FUNCTION.replace("Handlers::echo", "FailingInit::handle"));
    RuntimeProcess runtime = RuntimeProcess.start(work, Map.of(), "-c", "service.yml");
    assertExitsWithOneLine(runtime, "no database in static init");
    assertThat(runtime.stdout()).noneMatch(l -> l.startsWith("\tat ") || l.startsWith("Caused by"));
  }

  @Test
  void theStartupErrorIsSaidOnceWhenTheLogGoesToStdout() throws Exception {
    CodeDirs.fixtures(work.resolve("code"));
    Files.writeString(work.resolve("service.yml"), GOOD_FUNCTION.replace("Handlers::echo", "Handlers::absent"));
    RuntimeProcess runtime = RuntimeProcess.start(work, Map.of(), "-c", "service.yml");
    assertExitsWithOneLine(runtime, "Handlers::absent");
    assertThat(runtime.stdout()).noneMatch(l -> l.contains("Handlers::absent"));
  }

  @Test
  void aLogFileGetsTheStartupErrorToo() throws Exception {
    assertThat(logFileAfterFailedStart("Handlers::absent", "Handlers::absent"))
        .contains("ERROR").contains("Handlers::absent");
  }

  @Test
  void systemExitDuringStartUpIsInTheLogFileToo() throws Exception {
    assertThat(logFileAfterFailedStart("ExitingInit::handle", "start-up did not finish"))
        .contains("ERROR baetyl.runtime: start-up did not finish").contains("ExitingInit::handle");
  }

  /** Starts the fixture {@code handler} with a log file, checks the one stderr line, returns the log file's text. */
  private String logFileAfterFailedStart(String handler, String expectedLine) throws Exception {
    CodeDirs.fixtures(work.resolve("code"));
    Files.writeString(work.resolve("service.yml"), GOOD_FUNCTION.replace("Handlers::echo", handler)
        + "logger: { path: var/log/service.log }\n");
    assertExitsWithOneLine(RuntimeProcess.start(work, Map.of(), "-c", "service.yml"), expectedLine);
    return Files.readString(work.resolve("var/log/service.log"));
  }

  private static void copyCertificates(Path dir) throws Exception {
    Files.createDirectories(dir);
    Certificates.create(dir);
  }

  @Test
  void helpPrintsTheUsageAndExitsZero() throws Exception {
    try (RuntimeProcess runtime = RuntimeProcess.start(work, Map.of(), "--help")) {
      assertThat(runtime.awaitExit(Duration.ofSeconds(30))).as(runtime.stderr()).isZero();
      assertThat(runtime.stdout()).contains("usage: baetyl-function-runtime [-c FILE]");
      assertThat(runtime.stderr()).isEmpty();
    }
  }

  @Test
  void anUnknownArgumentExitsOneWithTheUsage() throws Exception {
    assertExitsWithOneLine(RuntimeProcess.start(work, Map.of(), "--verbose"),
        "unknown argument '--verbose'; usage: baetyl-function-runtime [-c FILE]");
  }

  @Test
  void aCorruptJarInTheCodedirExitsOneNamingTheJar() throws Exception {
    CodeDirs.fixtures(work.resolve("code"));
    Files.writeString(work.resolve("code/broken.jar"), "not a zip");
    Files.writeString(work.resolve("service.yml"), GOOD_FUNCTION);
    assertExitsWithOneLine(RuntimeProcess.start(work, Map.of(), "-c", "service.yml"),
        "function 'f': " + work.resolve("code/broken.jar").toAbsolutePath() + " cannot be read as a jar");
  }

  @Test
  void anEmptyConfigOptionExitsOneAndSaysSo() throws Exception {
    assertExitsWithOneLine(RuntimeProcess.start(work, Map.of(), "-c", ""), "option -c names no file: -c FILE");
  }

  @Test
  void aConfigFileGivenTwiceExitsOneNamingBoth() throws Exception {
    assertExitsWithOneLine(RuntimeProcess.start(work, Map.of(), "-c", "a.yml", "--config=b.yml"),
        "the config file is given twice ('a.yml' and 'b.yml')");
  }

  @Test
  void missingDefaultConfigFileNamesItsPath() throws Exception {
    assertExitsWithOneLine(RuntimeProcess.start(work, Map.of()),
        "config file etc/baetyl/service.yml does not exist");
  }

  @Test
  void addressInUseExitsOneAndNamesTheAddress() throws Exception {
    CodeDirs.fixtures(work.resolve("code"));
    Files.writeString(work.resolve("service.yml"), GOOD_FUNCTION);
    try (ServerSocket taken = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      assertExitsWithOneLine(RuntimeProcess.start(work,
          Map.of("OPENEDGE_SERVICE_ADDRESS", "127.0.0.1:" + taken.getLocalPort()), "-c", "service.yml"),
          "cannot listen on 127.0.0.1:" + taken.getLocalPort());
    }
  }

  private static void assertExitsWithOneLine(RuntimeProcess runtime, String expected) throws Exception {
    try (runtime) {
      assertThat(runtime.awaitExit(Duration.ofSeconds(30))).as(runtime.stderr()).isEqualTo(1);
      assertThat(runtime.stderr().lines()).as(runtime.stderr()).hasSize(1);
      assertThat(runtime.stderr()).contains(expected).doesNotContain("\tat ");
      assertThat(runtime.stdout()).noneMatch(l -> l.contains("listening on"));
    }
  }
}
