package io.baetyl.function.testinfra;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import org.junit.jupiter.api.Test;

class ToolsTest {

    @Test
    void findsAnInstalledExecutable() {
        assertThat(Files.isExecutable(Tools.require("sh"))).isTrue();
    }

    @Test
    void findsRuncOutsideAUsersPath() {
        assertThat(Tools.require("runc").getFileName().toString()).isEqualTo("runc");
    }

    @Test
    void aMissingToolFailsWithTheInstallCommand() {
        assertThatThrownBy(() -> Tools.require("baetyl-no-such-tool"))
            .isInstanceOf(IllegalStateException.class)
            .hasMessage("baetyl-no-such-tool is not installed: run .ci/install-tools (as root)");
    }
}
