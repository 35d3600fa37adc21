package io.baetyl.function.maven;

/** {@code <instance><min/><max/></instance>}: the function manager's instance limits for a function. */
public class InstanceParameters {

  Integer min;
  Integer max;
}
