package io.baetyl.function.maven.config;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Applies the defaults (function name = artifactId, codedir = {@code var/db/baetyl/function-<name>}, service
 * name = {@code function-java-<name>}) and checks what the user configured.
 */
public final class FunctionConfigFactory {

  private static final Pattern NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]*");

  private FunctionConfigFactory() {
  }

  /**
   * @param single the top-level {@code <functionName>/<handler>/<codedir>} parameters
   * @param list the {@code <functions>} list, or empty
   */
  public static FunctionConfig create(String artifactId, String serviceName, FunctionInput single,
      List<FunctionInput> list, ServerSpec server) throws ConfigException {
    List<FunctionSpec> functions = new ArrayList<>();
    if (list == null || list.isEmpty()) {
      functions.add(spec(single, artifactId, "<functionName> (-Dbaetyl.functionName)",
          "<codedir> (-Dbaetyl.codedir)"));
    } else {
      if (single.name() != null || single.handler() != null || single.codedir() != null) {
        throw new ConfigException("<functionName>, <handler> and <codedir> configure a single function, but "
            + "<functions> is set too; move them into a <function> entry of <functions>.");
      }
      Set<String> names = new HashSet<>();
      for (int i = 0; i < list.size(); i++) {
        FunctionInput input = list.get(i);
        String where = "<functions> entry " + (i + 1);
        if (input.name() == null || input.name().isBlank()) {
          throw new ConfigException(where + " has no <name>; give every function a name.");
        }
        FunctionSpec spec = spec(input, artifactId, where + " <name>", where + " <codedir>");
        if (!names.add(spec.name())) {
          throw new ConfigException(where + " repeats the function name '" + spec.name()
              + "'; function names must be unique.");
        }
        functions.add(spec);
      }
    }
    String service = serviceName == null || serviceName.isBlank()
        ? FunctionConfig.defaultServiceName(functions.size() == 1 ? functions.get(0).name() : artifactId)
        : serviceName.trim();
    checkName(service, "<serviceName> (-Dbaetyl.serviceName)");
    return new FunctionConfig(service, functions, server == null || server.isEmpty() ? null : server);
  }

  private static FunctionSpec spec(FunctionInput input, String artifactId, String nameWhere, String codedirWhere)
      throws ConfigException {
    String name = blank(input.name()) ? artifactId : input.name().trim();
    checkName(name, nameWhere);
    String codedir = blank(input.codedir()) ? FunctionSpec.defaultCodedir(name) : input.codedir().trim();
    checkCodedir(codedir, name, codedirWhere);
    Integer min = input.instanceMin();
    Integer max = input.instanceMax();
    if ((min != null && min < 0) || (max != null && max < 1) || (min != null && max != null && min > max)) {
      throw new ConfigException("the instance limits of function '" + name + "' (min " + min + ", max " + max
          + ") are invalid; use 0 <= min <= max and max >= 1.");
    }
    String handler = blank(input.handler()) ? null : input.handler().trim();
    return new FunctionSpec(name, handler, codedir, min, max);
  }

  /**
   * A codedir is relative to the image root, stays below it and keeps clear of the runtime (opt/) and Baetyl's
   * configuration (etc/baetyl), which the image and the Baetyl agent own.
   */
  private static void checkCodedir(String codedir, String name, String where) throws ConfigException {
    String example = " give a relative directory such as " + FunctionSpec.defaultCodedir(name) + ".";
    if (codedir.startsWith("/")) {
      throw new ConfigException(where + " is '" + codedir + "', an absolute path;" + example);
    }
    List<String> parts = new ArrayList<>();
    for (String part : codedir.split("/")) {
      if (part.equals("..")) {
        throw new ConfigException(where + " is '" + codedir + "'; it must not contain '..'.");
      }
      if (!part.isEmpty() && !part.equals(".")) {
        parts.add(part);
      }
    }
    if (parts.isEmpty()) {
      throw new ConfigException(where + " is '" + codedir + "', the image root;" + example);
    }
    if (parts.get(0).equals("opt") || (parts.get(0).equals("etc") && parts.size() > 1
        && parts.get(1).equals("baetyl"))) {
      throw new ConfigException(where + " is '" + codedir + "', inside " + (parts.get(0).equals("opt")
          ? "opt/ (the runtime's directory)" : "etc/baetyl (Baetyl's configuration)") + ";" + example);
    }
  }

  private static void checkName(String name, String where) throws ConfigException {
    if (!NAME.matcher(name).matches()) {
      throw new ConfigException(where + " is '" + name + "'; use letters, digits, '.', '_' and '-' only.");
    }
  }

  private static boolean blank(String value) {
    return value == null || value.isBlank();
  }
}
