package io.baetyl.function.maven;

/** {@code <auth><username/><password/></auth>} of {@code <from>} or {@code <to>}. */
public class AuthParameters {

  String username;
  String password;

  @Override
  public String toString() {
    return "AuthParameters[username=" + username + "]";
  }
}
