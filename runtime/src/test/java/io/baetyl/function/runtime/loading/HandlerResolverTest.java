package io.baetyl.function.runtime.loading;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.baetyl.function.runtime.loading.ResolvedHandler.Kind;
import java.lang.reflect.ParameterizedType;
import java.util.Map;
import org.junit.jupiter.api.Test;

class HandlerResolverTest {

  private static final String P = "io.baetyl.function.runtime.fixtures.";
  private final ClassLoader loader = getClass().getClassLoader();

  private String error(String handler) {
    return catchThrowableOfType(HandlerResolutionException.class,
        () -> HandlerResolver.resolve("fn", handler, loader)).getMessage();
  }

  @Test
  void resolvesEveryFormWithItsKindAndInputType() throws Exception {
    assertThat(HandlerResolver.resolve("fn", P + "SayHi", loader).kind()).isEqualTo(Kind.HANDLER);
    assertThat(HandlerResolver.resolve("fn", P + "SayHi", loader).inputType()).isInstanceOf(ParameterizedType.class);
    assertThat(HandlerResolver.resolve("fn", P + "Upper", loader).inputType()).isEqualTo(String.class);
    assertThat(HandlerResolver.resolve("fn", P + "Tagger", loader).kind()).isEqualTo(Kind.BI_FUNCTION);
    assertThat(HandlerResolver.resolve("fn", P + "Counter::handle", loader).kind()).isEqualTo(Kind.INSTANCE_METHOD);
    ResolvedHandler dotted = HandlerResolver.resolve("fn", P + "Handlers.bytes", loader);
    assertThat(dotted.kind()).isEqualTo(Kind.STATIC_METHOD);
    assertThat(dotted.inputType()).isEqualTo(byte[].class);
    assertThat(HandlerResolver.resolve("fn", P + "Handlers::none", loader).inputType()).isEqualTo(Object.class);
  }

  @Test
  void errorsAreOneSentenceNamingFunctionHandlerCauseAndFix() {
    assertThat(error("com.example.Missing::handle"))
        .isEqualTo("function 'fn' handler 'com.example.Missing::handle': class com.example.Missing was not found;"
            + " check the class name and that its jar or classes/ folder is in the function's codedir.");
    assertThat(error(P + "Handlers::absent")).contains("has no method named absent");
    assertThat(error(P + "Broken::hidden")).contains("is not public").contains("make it public");
    assertThat(error(P + "Broken::twice")).contains("2 public methods named twice");
    assertThat(error(P + "Broken::badContext")).contains("second parameter").contains("java.lang.String");
    assertThat(error(P + "Broken::instanceOnly")).contains("no public no-argument constructor");
    assertThat(error(P + "Greeting")).contains("implements none of");
    assertThat(error("not a handler")).contains("not a valid handler string");
    assertThat(error("")).contains("empty");
    assertThat(error("com.example.Missing")).contains("class com.example.Missing was not found");
    for (String message : new String[] {error(P + "Broken::twice"), error("x::y")}) {
      assertThat(message).startsWith("function 'fn' handler '").endsWith(".").doesNotContain("\n");
    }
  }

  @Test
  void aHandlerInTheJdkOrTheApiIsRefusedInEveryForm() {
    for (String handler : new String[] {"java.lang.System::exit", "java.lang.System.exit", "java.lang.Object",
        "java.sql.DriverManager::println"}) {
      assertThat(error(handler)).contains("is part of the JDK, not of the function's code")
          .endsWith("name a class of your own (in the codedir).");
    }
    assertThat(error("io.baetyl.function.api.Handler"))
        .contains("class io.baetyl.function.api.Handler is part of baetyl-function-api");
  }

  @Test
  void functionLoaderSeesOnlyTheJdkAndTheApi() throws Exception {
    try (FunctionClassLoader functionLoader = FunctionClassLoader.forClasspath("fn", java.util.List.of())) {
      assertThat(functionLoader.loadClass("io.baetyl.function.api.Context"))
          .isSameAs(io.baetyl.function.api.Context.class);
      assertThat(functionLoader.loadClass("java.sql.Connection")).isNotNull();
      org.assertj.core.api.Assertions.assertThatThrownBy(
              () -> functionLoader.loadClass("com.fasterxml.jackson.databind.ObjectMapper"))
          .isInstanceOf(ClassNotFoundException.class);
      org.assertj.core.api.Assertions.assertThatThrownBy(() -> functionLoader.loadClass("io.grpc.Server"))
          .isInstanceOf(ClassNotFoundException.class);
      assertThat(functionLoader.functionName()).isEqualTo("fn");
    }
    assertThat(Map.of()).isEmpty();
  }
}
