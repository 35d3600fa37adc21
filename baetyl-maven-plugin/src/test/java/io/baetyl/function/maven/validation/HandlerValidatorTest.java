package io.baetyl.function.maven.validation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.baetyl.function.maven.config.FunctionSpec;
import io.baetyl.function.maven.config.ProjectLayout;
import io.baetyl.function.maven.testing.SampleClasses;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class HandlerValidatorTest {

  /** A class with a public handle method that the runtime cannot construct (no no-argument constructor). */
  private static final String NO_CTOR = "package p; public class NoCtor { public NoCtor(int x) { }"
      + " public Object handle(Object in) { return in; } }";

  @TempDir
  Path dir;

  private ProjectLayout layout(Map<String, String> sources) throws Exception {
    Path classes = SampleClasses.compile(dir.resolve("classes"), sources);
    return new ProjectLayout("demo", "1.0", classes, dir.resolve("baetyl"), List.of(), List.of(), List.of());
  }

  private static FunctionSpec function(String handler) {
    return new FunctionSpec("demo", handler, "var/db/baetyl/function-demo", null, null);
  }

  @Test
  void aNamedHandlerThatResolvesIsKept() throws Exception {
    ProjectLayout layout = layout(Map.of("com.example.SayHi", SampleClasses.sayHi("com.example", "SayHi")));

    List<FunctionSpec> resolved = new HandlerValidator().validate(List.of(function("com.example.SayHi")), layout);

    assertThat(resolved).containsExactly(function("com.example.SayHi"));
  }

  @Test
  void aWrongHandlerFailsWithTheRuntimesMessage() throws Exception {
    ProjectLayout layout = layout(Map.of("com.example.SayHi", SampleClasses.sayHi("com.example", "SayHi")));

    assertThatThrownBy(() -> new HandlerValidator().validate(List.of(function("com.example.SayHello")), layout))
        .hasMessageStartingWith("function 'demo' handler 'com.example.SayHello': ")
        .hasMessageEndingWith(".");
  }

  @Test
  void theSingleHandlerClassIsFoundWhenNoneIsNamed() throws Exception {
    ProjectLayout layout = layout(Map.of(
        "com.example.SayHi", SampleClasses.sayHi("com.example", "SayHi"),
        "com.example.Util", "package com.example; public class Util { public static int twice(int x) { return 2 * x; } }"));

    List<FunctionSpec> resolved = new HandlerValidator().validate(List.of(function(null)), layout);

    assertThat(resolved.get(0).handler()).isEqualTo("com.example.SayHi");
  }

  @Test
  void aPlainClassWithAHandleMethodIsFoundAsClassColonColonHandle() throws Exception {
    ProjectLayout layout = layout(Map.of("p.Echo",
        "package p; public class Echo { public Object handle(Object in) { return in; } }"));

    List<FunctionSpec> resolved = new HandlerValidator().validate(List.of(function(null)), layout);

    assertThat(resolved.get(0).handler()).isEqualTo("p.Echo::handle");
  }

  @Test
  void twoHandlerClassesNeedAnExplicitHandler() throws Exception {
    ProjectLayout layout = layout(Map.of(
        "p.A", SampleClasses.sayHi("p", "A"),
        "p.B", "package p; public class B implements java.util.function.Function<String, String> {"
            + " public String apply(String s) { return s; } }"));

    assertThatThrownBy(() -> new HandlerValidator().validate(List.of(function(null)), layout))
        .hasMessage("function 'demo' has no handler and the project has 2 usable handlers [p.A, p.B]; set "
            + "<handler> (-Dbaetyl.handler) or the function's <handler> in <functions> to pick one.");
  }

  @Test
  void aCandidateTheRuntimeCannotCallIsNotCountedWhenLookingForTheOneHandler() throws Exception {
    ProjectLayout layout = layout(Map.of(
        "p.A", SampleClasses.sayHi("p", "A"),
        "p.NoCtor", NO_CTOR));

    List<FunctionSpec> resolved = new HandlerValidator().validate(List.of(function(null)), layout);

    assertThat(resolved.get(0).handler()).isEqualTo("p.A");
  }

  @Test
  void aSingleCandidateTheRuntimeCannotCallFailsWithTheRuntimesReason() throws Exception {
    ProjectLayout layout = layout(Map.of("p.NoCtor", NO_CTOR));

    assertThatThrownBy(() -> new HandlerValidator().validate(List.of(function(null)), layout))
        .hasMessageStartingWith("function 'demo' handler 'p.NoCtor::handle': ")
        .hasMessageContaining("constructor");
  }

  @Test
  void noHandlerClassAtAllIsNamed() throws Exception {
    ProjectLayout layout = layout(Map.of("p.Util", "package p; public class Util { }"));

    assertThatThrownBy(() -> new HandlerValidator().validate(List.of(function(null)), layout))
        .hasMessageContaining("has no handler and ")
        .hasMessageContaining("holds no handler class");
  }
}
