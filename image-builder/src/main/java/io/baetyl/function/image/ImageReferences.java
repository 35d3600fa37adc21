package io.baetyl.function.image;

import com.google.cloud.tools.jib.api.ImageReference;
import com.google.cloud.tools.jib.api.InvalidImageReferenceException;

/** Parses image references into jib's type with a message that names the offending value. */
final class ImageReferences {

  private ImageReferences() {}

  static ImageReference parse(String reference, String what) throws ImageBuildException {
    try {
      return ImageReference.parse(reference);
    } catch (InvalidImageReferenceException e) {
      throw new ImageBuildException("The " + what + " has an invalid image reference '" + reference
          + "': use [registry/]repository[:tag][@sha256:digest] in lower case.", e);
    }
  }
}
