package io.baetyl.function.maven.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;

class FunctionConfigFactoryTest {

  private static final FunctionInput NONE = new FunctionInput(null, null, null, null, null);

  @Test
  void defaultsAreArtifactIdAndBaetylsCodedir() throws Exception {
    FunctionConfig config = FunctionConfigFactory.create("sayhi", null, NONE, List.of(), null);

    assertThat(config.serviceName()).isEqualTo("function-java-sayhi");
    assertThat(config.functions()).containsExactly(
        new FunctionSpec("sayhi", null, "var/db/baetyl/function-sayhi", null, null));
    assertThat(config.server()).isNull();
  }

  @Test
  void severalFunctionsGetTheirOwnDefaultsAndAServiceNamedForTheArtifact() throws Exception {
    FunctionConfig config = FunctionConfigFactory.create("tools", null, NONE, List.of(
        new FunctionInput("a", "p.A", null, null, 5), new FunctionInput("b", "p.B", "code/b", null, null)), null);

    assertThat(config.serviceName()).isEqualTo("function-java-tools");
    assertThat(config.functions()).extracting(FunctionSpec::codedir)
        .containsExactly("var/db/baetyl/function-a", "code/b");
    assertThat(config.imageCodedirs()).containsExactly("/var/db/baetyl/function-a", "/code/b");
  }

  @Test
  void repeatedFunctionNamesAreRejected() {
    assertThatThrownBy(() -> FunctionConfigFactory.create("x", null, NONE, List.of(
        new FunctionInput("a", null, null, null, null), new FunctionInput("a", null, null, null, null)), null))
        .hasMessage("<functions> entry 2 repeats the function name 'a'; function names must be unique.");
  }

  @Test
  void singleFunctionParametersTogetherWithAListAreRejected() {
    assertThatThrownBy(() -> FunctionConfigFactory.create("x", null,
        new FunctionInput(null, "p.A", null, null, null), List.of(new FunctionInput("a", null, null, null, null)),
        null)).hasMessageStartingWith("<functionName>, <handler> and <codedir> (or the properties baetyl.functionName,")
        .hasMessageContaining("configure a single function, but <functions> is set too");
  }

  @Test
  void codedirEscapingUpwardsIsRejected() {
    assertThatThrownBy(() -> FunctionConfigFactory.create("x", null,
        new FunctionInput(null, null, "var/../../etc", null, null), List.of(), null))
        .hasMessage("<codedir> (-Dbaetyl.codedir) is 'var/../../etc'; it must not contain '..'.");
  }

  @Test
  void codedirOutsideTheFunctionsAreaIsRejected() {
    assertThat(codedirError("/var/db/baetyl/f")).isEqualTo("<codedir> (-Dbaetyl.codedir) is '/var/db/baetyl/f', an"
        + " absolute path; give a relative directory such as var/db/baetyl/function-x.");
    assertThat(codedirError("./")).isEqualTo("<codedir> (-Dbaetyl.codedir) is './', the image root; give a"
        + " relative directory such as var/db/baetyl/function-x.");
    assertThat(codedirError("opt/java")).isEqualTo("<codedir> (-Dbaetyl.codedir) is 'opt/java', inside opt/ (the"
        + " runtime's directory); give a relative directory such as var/db/baetyl/function-x.");
    assertThat(codedirError("./etc/baetyl")).startsWith("<codedir> (-Dbaetyl.codedir) is './etc/baetyl', inside"
        + " etc/baetyl (Baetyl's configuration);");
    assertThat(codedirError("etc/baetyl-functions")).isNull();
  }

  private static String codedirError(String codedir) {
    try {
      FunctionConfigFactory.create("x", null, new FunctionInput(null, null, codedir, null, null), List.of(), null);
      return null;
    } catch (ConfigException e) {
      return e.getMessage();
    }
  }

  @Test
  void invalidNamesAndInstanceLimitsAreRejected() {
    assertThatThrownBy(() -> FunctionConfigFactory.create("x", null,
        new FunctionInput("say hi", null, null, null, null), List.of(), null))
        .hasMessage("<functionName> (-Dbaetyl.functionName) is 'say hi'; use letters, digits, '.', '_' and '-' only.");
    assertThatThrownBy(() -> FunctionConfigFactory.create("x", null,
        new FunctionInput(null, null, null, 3, 2), List.of(), null))
        .hasMessageContaining("instance limits of function 'x' (min 3, max 2) are invalid");
  }
}
