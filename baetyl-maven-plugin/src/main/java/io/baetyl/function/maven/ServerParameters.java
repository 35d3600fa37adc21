package io.baetyl.function.maven;

/** {@code <server>}: the runtime's optional server block in service.yml. */
public class ServerParameters {

  String address;
  Integer workersMax;
  Integer concurrentMax;
  Long messageLengthMax;
  String timeout;
}
