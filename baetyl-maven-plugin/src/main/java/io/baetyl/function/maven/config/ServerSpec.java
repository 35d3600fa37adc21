package io.baetyl.function.maven.config;

/**
 * The optional {@code server} block of the runtime's service.yml; every field is optional and only the
 * configured ones are written.
 */
public record ServerSpec(String address, Integer workersMax, Integer concurrentMax, Long messageLengthMax,
    String timeout) {

  public boolean isEmpty() {
    return address == null && workersMax == null && concurrentMax == null && messageLengthMax == null
        && timeout == null;
  }
}
