package io.baetyl.function.maven;

import java.util.List;

/** {@code <to>}: the image to build, additional tags and registry credentials. */
public class ToParameters {

  String image;
  List<String> tags;
  AuthParameters auth;
}
