package io.baetyl.function.maven.validation;

/** A class (and how many more of the same jar or directory) of the function's code that needs a Java module the runtime image's JRE lacks. */
public record ModuleUse(String module, String fromClass, String toClass, String origin, int otherClasses) {

  /** One sentence naming module, class and where the class came from. */
  public String describe() {
    return fromClass + " (" + origin + ")" + (otherClasses == 0 ? "" : " and " + otherClasses + " more of its classes")
        + " use" + (otherClasses == 0 ? "s " : " ") + toClass + " from Java module " + module
        + ", which the base image's JRE does not contain";
  }
}
