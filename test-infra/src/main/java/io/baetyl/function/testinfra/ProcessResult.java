package io.baetyl.function.testinfra;

import java.util.List;

/** What a finished command printed and returned. */
public record ProcessResult(List<String> command, int exitCode, String stdout, String stderr) {

    public ProcessResult {
        command = List.copyOf(command);
    }

    /** The command, its exit code and both outputs, for failure messages. */
    public String describe() {
        return "`" + String.join(" ", command) + "` exited with " + exitCode
            + "\n--- stdout ---\n" + stdout + "\n--- stderr ---\n" + stderr;
    }
}
