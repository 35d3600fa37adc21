package io.baetyl.function.image;

/**
 * An image could not be built. The message is one sentence written for the person who must fix the
 * problem: it names the registry, image or file involved and never contains a credential.
 */
public class ImageBuildException extends Exception {

  private static final long serialVersionUID = 1L;

  public ImageBuildException(String message) {
    super(message);
  }

  public ImageBuildException(String message, Throwable cause) {
    super(message, cause);
  }
}
