package io.baetyl.function.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Properties;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code -Dbench.pythonRuntime} and {@code -Dbench.python}: the optional Baetyl Python3 runtime target. */
class PythonTargetOptionsTest {

    @TempDir
    Path dir;

    private Path pythonRuntime;
    private Path python;

    @BeforeEach
    void pythonRuntimeAndInterpreter() throws Exception {
        pythonRuntime = Files.createDirectories(dir.resolve("baetyl-function-python3"));
        python = Files.createFile(dir.resolve("python3"),
            PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwxr-xr-x")));
    }

    private Properties properties() {
        Properties properties = new Properties();
        properties.setProperty("bench.runtimeDist", System.getProperty("bench.runtimeDist"));
        properties.setProperty("bench.pythonRuntime", pythonRuntime.toString());
        properties.setProperty("bench.python", python.toString());
        return properties;
    }

    @Test
    void thePythonRuntimeAddsThePythonTargetToTheDefaults() throws Exception {
        Files.writeString(pythonRuntime.resolve("runtime.py"), "");

        BenchmarkOptions options = BenchmarkOptions.from(properties());

        assertThat(options.targets()).containsExactly("runtime", "bare", "python");
        assertThat(options.pythonRuntime()).isEqualTo(pythonRuntime.resolve("runtime.py"));
        assertThat(options.python()).isEqualTo(python);
    }

    @Test
    void baetyl10sFunctionPython3ScriptIsTheRuntimeToo() throws Exception {
        Files.writeString(pythonRuntime.resolve("function-python3.py"), "");
        Properties properties = properties();
        properties.setProperty("bench.targets", "python");

        assertThat(BenchmarkOptions.from(properties).pythonRuntime())
            .isEqualTo(pythonRuntime.resolve("function-python3.py"));
    }

    @Test
    void withoutTheOptionThePythonTargetIsNotRun() {
        Properties properties = properties();
        properties.remove("bench.pythonRuntime");

        assertThat(BenchmarkOptions.from(properties).targets()).containsExactly("runtime", "bare");
    }

    @Test
    void aDirectoryWithoutTheRuntimeIsOneLineNamingIt() {
        assertThatThrownBy(() -> BenchmarkOptions.from(properties()))
            .hasMessage("-Dbench.pythonRuntime=" + pythonRuntime + " has no runtime.py or function-python3.py "
                + "(Baetyl v1's Python3 function runtime, next to its function_pb2.py and function_pb2_grpc.py)");
    }

    @Test
    void aMissingPythonIsNamed() throws Exception {
        Files.writeString(pythonRuntime.resolve("runtime.py"), "");
        Properties properties = properties();
        properties.setProperty("bench.python", dir.resolve("no-python3").toString());

        assertThatThrownBy(() -> BenchmarkOptions.from(properties))
            .hasMessageStartingWith("-Dbench.python=" + dir.resolve("no-python3") + " is not an executable file");
    }

    @Test
    void thePythonTargetNeedsThePythonRuntime() {
        Properties properties = properties();
        properties.remove("bench.pythonRuntime");
        properties.setProperty("bench.targets", "runtime,python");

        assertThatThrownBy(() -> BenchmarkOptions.from(properties))
            .hasMessage("-Dbench.targets=python needs -Dbench.pythonRuntime=<directory holding Baetyl's Python3 "
                + "runtime.py>");
    }
}
