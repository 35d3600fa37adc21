package com.example;

/** Handlers for the kit's deadline and size checks. */
public final class Slow {

  private Slow() {}

  /** Sleeps for the payload's number of milliseconds. */
  public static String sleep(String millis) throws InterruptedException {
    Thread.sleep(Long.parseLong(millis));
    return "done";
  }

  /** Replies with as many bytes as the payload's number. */
  public static byte[] big(String size) {
    return new byte[Integer.parseInt(size)];
  }
}
