package io.baetyl.function.maven;

/** One {@code <function>} of {@code <functions>}. */
public class FunctionParameters {

  String name;
  String handler;
  String codedir;
  InstanceParameters instance;
}
