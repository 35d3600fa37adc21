package io.baetyl.function.maven;

/** {@code <from>}: the base image (default: the runtime image of the plugin's version) and its credentials. */
public class FromParameters {

  String image;
  AuthParameters auth;
}
