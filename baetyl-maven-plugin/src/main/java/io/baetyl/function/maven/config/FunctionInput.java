package io.baetyl.function.maven.config;

/** One function as the user configured it; every field may be null. */
public record FunctionInput(String name, String handler, String codedir, Integer instanceMin, Integer instanceMax) {
}
