package io.baetyl.function.image.runtime;

/** Where things are in the runtime image (function images add to it). */
public final class RuntimeImageLayout {

  public static final String JAVA_HOME = "/opt/java";
  public static final String JAVA = JAVA_HOME + "/bin/java";
  public static final String LIB_DIRECTORY = "/opt/baetyl/lib";
  public static final String CDS_ARCHIVE = "/opt/baetyl/cds/runtime.jsa";
  public static final String JVM_FLAGS = "/opt/baetyl/jvm.flags";
  public static final String CONFIG_DIRECTORY = "/etc/baetyl";
  public static final String CODE_ROOT = "/var/db/baetyl";
  public static final String MAIN_CLASS = "io.baetyl.function.runtime.Main";
  public static final String USER = "65532:65532";
  public static final String WORKING_DIRECTORY = "/";
  /** Image label listing the JRE's Java modules, comma separated (hermetic JRE only). */
  public static final String JAVA_MODULES_LABEL = "io.baetyl.function.java-modules";

  private RuntimeImageLayout() {}
}
