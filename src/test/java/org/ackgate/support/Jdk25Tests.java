package org.ackgate.support;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;

/** How the tests find a JDK 25: toolchains.xml and the installed JDKs' release files, on fake homes. */
class Jdk25Tests {

	@TempDir
	Path directory;

	private Path fakeJdk(String name, String version) throws IOException {
		Path home = this.directory.resolve(name);
		Files.createDirectories(home.resolve("bin"));
		Path java = Files.createFile(home.resolve("bin").resolve("java"));
		java.toFile().setExecutable(true);
		Files.writeString(home.resolve("release"), "IMPLEMENTOR=\"Test\"\nJAVA_VERSION=\"" + version + "\"\n");
		return home;
	}

	@Test
	void aHomeIsAJdk25ByItsReleaseFile() throws IOException {
		assertThat(Jdk25.isJdk25(fakeJdk("a", "25.0.3"))).isTrue();
		assertThat(Jdk25.isJdk25(fakeJdk("b", "25"))).isTrue();
		assertThat(Jdk25.isJdk25(fakeJdk("c", "17.0.12"))).isFalse();
		assertThat(Jdk25.isJdk25(fakeJdk("d", "250"))).isFalse();
		assertThat(Jdk25.isJdk25(this.directory.resolve("missing"))).isFalse();
	}

	@Test
	void theToolchainOfVersion25IsTaken() throws IOException {
		Path jdk17 = fakeJdk("jdk17", "17.0.12");
		Path jdk25 = fakeJdk("jdk25", "25.0.3");
		Path toolchains = Files.writeString(this.directory.resolve("toolchains.xml"), """
				<toolchains>
				  <toolchain><type>jdk</type><provides><version>17</version></provides>
				    <configuration><jdkHome>%s</jdkHome></configuration></toolchain>
				  <toolchain>
				    <type>jdk</type>
				    <provides><version>25</version><vendor>temurin</vendor></provides>
				    <configuration><jdkHome>%s</jdkHome></configuration>
				  </toolchain>
				</toolchains>
				""".formatted(jdk17, jdk25));
		assertThat(Jdk25.fromToolchains(toolchains)).contains(jdk25);
	}

	@Test
	void aToolchainPointingAtAnotherVersionOrNoFileFindsNothing() throws IOException {
		Path jdk17 = fakeJdk("jdk17", "17.0.12");
		Path toolchains = Files.writeString(this.directory.resolve("toolchains.xml"), """
				<toolchains><toolchain><type>jdk</type><provides><version>25</version></provides>
				<configuration><jdkHome>%s</jdkHome></configuration></toolchain></toolchains>
				""".formatted(jdk17));
		assertThat(Jdk25.fromToolchains(toolchains)).isEmpty();
		assertThat(Jdk25.fromToolchains(this.directory.resolve("none.xml"))).isEmpty();
	}

	@Test
	void theFallbackFindsAJdk25BesideTheRunningOne() throws IOException {
		fakeJdk("java-17", "17.0.12");
		Path jdk25 = fakeJdk("temurin-25", "25.0.3");
		assertThat(Jdk25.besideRunningJdk(this.directory)).isEqualTo(Optional.of(jdk25));
		assertThat(Jdk25.besideRunningJdk(this.directory.resolve("missing"))).isEmpty();
	}

}
