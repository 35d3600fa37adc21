package com.example;

/** Not a handler: a helper the handler could use. */
public final class Greeting {

  private Greeting() {
  }

  static String text() {
    return "Hello Baetyl";
  }
}
