package io.baetyl.function.runtime.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ConfigLoaderTest {

  @TempDir Path dir;

  private RuntimeConfig load(String yaml, Map<String, String> env) throws Exception {
    Path file = dir.resolve("service.yml");
    Files.writeString(file, yaml);
    return ConfigLoader.load(file, env);
  }

  private static final String FUNCTIONS = "functions: [{name: f, handler: a.B, codedir: code}]\n";

  @Test
  void defaultsApplyWhenNameAndServerAreAbsent() throws Exception {
    RuntimeConfig config = load(FUNCTIONS, Map.of());
    assertThat(config.name()).isNull();
    assertThat(config.server().address()).isEqualTo("0.0.0.0:50051");
    assertThat(config.server().workersMax()).isEqualTo(4);
    assertThat(config.server().concurrentMax()).isEqualTo(64);
    assertThat(config.server().messageLengthMax()).isEqualTo(4194304);
    assertThat(config.server().timeout()).isEqualTo(Duration.ofSeconds(10));
    assertThat(config.server().tls()).isNull();
    assertThat(config.logger().path()).isNull();
    assertThat(config.warnings()).isEmpty();
  }

  @Test
  void goDurationsAndIntegerNanoseconds() throws Exception {
    assertThat(load("server: {timeout: 30s}\n" + FUNCTIONS, Map.of()).server().timeout()).hasSeconds(30);
    assertThat(load("server: {timeout: 2m}\n" + FUNCTIONS, Map.of()).server().timeout()).hasSeconds(120);
    assertThat(load("server: {timeout: 1m30s}\n" + FUNCTIONS, Map.of()).server().timeout()).hasSeconds(90);
    assertThat(load("server: {timeout: 500ms}\n" + FUNCTIONS, Map.of()).server().timeout()).hasMillis(500);
    assertThat(load("server: {timeout: 1.5h}\n" + FUNCTIONS, Map.of()).server().timeout()).hasMinutes(90);
    assertThat(load("server: {timeout: 2000000000}\n" + FUNCTIONS, Map.of()).server().timeout()).hasSeconds(2);
  }

  @Test
  void environmentOverridesWithOpenedgeFallbacks() throws Exception {
    String yaml = "name: fromfile\nserver: {address: 1.2.3.4:1}\n" + FUNCTIONS;
    assertThat(load(yaml, Map.of()).server().address()).isEqualTo("1.2.3.4:1");
    assertThat(load(yaml, Map.of()).name()).isEqualTo("fromfile");
    RuntimeConfig baetyl = load(yaml, Map.of("BAETYL_SERVICE_INSTANCE_ADDRESS", "127.0.0.1:9",
        "OPENEDGE_SERVICE_ADDRESS", "127.0.0.1:8", "BAETYL_SERVICE_INSTANCE_NAME", "b", "OPENEDGE_SERVICE_NAME", "o"));
    assertThat(baetyl.server().address()).isEqualTo("127.0.0.1:9");
    assertThat(baetyl.name()).isEqualTo("b");
    assertThat(load(yaml, Map.of("OPENEDGE_SERVICE_INSTANCE_ADDRESS", "127.0.0.1:7", "OPENEDGE_SERVICE_ADDRESS",
        "127.0.0.1:8")).server().address()).isEqualTo("127.0.0.1:7");
    assertThat(load(yaml, Map.of("OPENEDGE_SERVICE_ADDRESS", "127.0.0.1:8")).server().address())
        .isEqualTo("127.0.0.1:8");
    assertThat(load(yaml, Map.of("OPENEDGE_SERVICE_INSTANCE_NAME", "i", "OPENEDGE_SERVICE_NAME", "o")).name())
        .isEqualTo("i");
    assertThat(load(yaml, Map.of("OPENEDGE_SERVICE_NAME", "o")).name()).isEqualTo("o");
  }

  @Test
  void unknownKeysAreWarningsNotErrors() throws Exception {
    RuntimeConfig config = load("hub: {}\nserver: {extra: 1, workers: {max: 8, min: 1}}\n"
        + "functions: [{name: f, handler: a.B, codedir: code, runtime: java}]\n", Map.of());
    assertThat(config.server().workersMax()).isEqualTo(8);
    assertThat(config.warnings()).hasSize(4).anyMatch(w -> w.contains("'server.workers.min'"))
        .anyMatch(w -> w.contains("'functions[0].runtime'")).anyMatch(w -> w.contains("'hub'"));
  }

  @Test
  void baetylLoggerSettingsTheRuntimeDoesNotUseAreWarnedAboutNotSilentlyIgnored() throws Exception {
    RuntimeConfig config = load("logger: {level: debug, format: json, size: {max: 50}}\n" + FUNCTIONS, Map.of());
    assertThat(config.logger().level()).isEqualTo("debug");
    assertThat(config.warnings()).hasSize(2)
        .anyMatch(w -> w.contains("'logger.format' is not used by the Java runtime and is ignored"))
        .anyMatch(w -> w.contains("'logger.size' is not used"));
  }

  @Test
  void aMissingRequiredKeyNamesAnUnknownKeyBesideItAsAPossibleTypo() {
    assertThatThrownBy(() -> load("functions:\n  - {name: f, hander: a.B::c, codedir: code}\n", Map.of()))
        .isInstanceOf(ConfigException.class)
        .hasMessageEndingWith("'functions[0].handler' is required (unknown key 'functions[0].hander' found there:"
            + " misspelt?)");
  }

  @Test
  void aBareSmallNumberForADurationIsNanosecondsWithAWarning() throws Exception {
    RuntimeConfig config = load("server: {timeout: 30}\n" + FUNCTIONS, Map.of());
    assertThat(config.server().timeout()).isEqualTo(java.time.Duration.ofNanos(30));
    assertThat(config.warnings()).anyMatch(w -> w.contains("'server.timeout' is 30 nanoseconds")
        && w.contains("write 30s for seconds"));
    assertThat(load("server: {timeout: 30000000000}\n" + FUNCTIONS, Map.of()).warnings()).isEmpty();
  }

  @Test
  void emptyTlsValuesAreNotSetAndSaidSo() throws Exception {
    RuntimeConfig config = load("server: {cert: '', key: '', ca: ''}\n" + FUNCTIONS, Map.of());
    assertThat(config.server().tls()).isNull();
    assertThat(config.warnings()).hasSize(3)
        .anyMatch(w -> w.endsWith("'server.cert' is empty, so it is not set (with neither server.cert nor"
            + " server.key set, the runtime serves without TLS)"))
        .anyMatch(w -> w.endsWith("'server.ca' is empty, so it is not set"));
  }

  @Test
  void durationBeyondGoRangeIsRejectedNotWrapped() {
    // 3,000,000 h is more nanoseconds than a long holds: it must not wrap around to some other duration
    assertThatThrownBy(() -> load("server: {timeout: 3000000h}\n" + FUNCTIONS, Map.of()))
        .isInstanceOf(ConfigException.class).hasMessageContaining("'server.timeout' is too long (at most 2562047h");
    assertThatThrownBy(() -> load("server: {timeout: 99999999999999999999}\n" + FUNCTIONS, Map.of()))
        .isInstanceOf(ConfigException.class).hasMessageContaining("'server.timeout' is too long");
  }

  @Test
  void ipv6AddressNeedsBrackets() throws Exception {
    assertThat(load("server: {address: '[::1]:5000'}\n" + FUNCTIONS, Map.of()).server().host()).isEqualTo("::1");
    assertThatThrownBy(() -> load("server: {address: '::1'}\n" + FUNCTIONS, Map.of()))
        .isInstanceOf(ConfigException.class).hasMessageContaining("IPv6 address in brackets");
  }

  @Test
  void documentThatIsNotAMappingIsNamedPlainly() {
    assertThatThrownBy(() -> load("- a\n- b\n", Map.of()))
        .isInstanceOf(ConfigException.class).hasMessageEndingWith(
            "the document must be a mapping of name, server, logger and functions");
  }

  @Test
  void aRepeatedKeyIsAnErrorNotLastOneWins() {
    assertThatThrownBy(() -> load(FUNCTIONS + "functions: [{name: g, handler: a.C, codedir: code}]\n", Map.of()))
        .isInstanceOf(ConfigException.class).hasMessageContaining("is not valid YAML")
        .hasMessageContaining("found duplicate key functions");
  }

  @Test
  void anIntegerBeyondTheIntRangeNamesTheLimit() {
    assertThatThrownBy(() -> load("server: {message: {length: {max: 99999999999}}}\n" + FUNCTIONS, Map.of()))
        .isInstanceOf(ConfigException.class)
        .hasMessageEndingWith("'server.message.length.max' must be at most 2147483647, got '99999999999'");
    assertThatThrownBy(() -> load("server: {workers: {max: -99999999999}}\n" + FUNCTIONS, Map.of()))
        .isInstanceOf(ConfigException.class).hasMessageContaining("must be a positive integer");
  }

  @Test
  void aDirectoryGivenAsTheConfigFileIsNamedAsSuch() {
    assertThatThrownBy(() -> ConfigLoader.load(dir, Map.of()))
        .isInstanceOf(ConfigException.class).hasMessage("config file " + dir + " is a directory; name the YAML file"
            + " itself");
  }

  @Test
  void aFileThatIsNotUtf8IsNamedAsSuch() throws Exception {
    Path file = dir.resolve("latin1.yml");
    Files.write(file, "name: caf\u00e9\n".getBytes(java.nio.charset.StandardCharsets.ISO_8859_1));
    assertThatThrownBy(() -> ConfigLoader.load(file, Map.of()))
        .isInstanceOf(ConfigException.class).hasMessageContaining("is not UTF-8 text");
  }
}
