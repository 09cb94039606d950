package org.ackgate.aot;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

class BuildSettingsTests {

	private final Map<String, String> build = Map.of("ackgate.journal.enabled", "false", "ackgate.line.enabled",
			"true", "management.endpoints.web.exposure.include", "health,info,prometheus");

	private final BuildSettings settings = BuildSettings.of(List.of("ackgate.journal.enabled", "ackgate.line.enabled",
			"management.endpoints.web.exposure.include", "spring.threads.virtual.enabled"), this.build::get, 25);

	@Test
	void theSameSettingsDecideTheSameGraph() {
		assertThat(this.settings.differenceFrom(this.build::get, 25)).isEmpty();
	}

	@Test
	void namesTheSettingThatDiffersWithBothValues() {
		Map<String, String> here = new HashMap<>(this.build);
		here.put("ackgate.journal.enabled", "true");
		assertThat(this.settings.differenceFrom(here::get, 25))
			.hasValue("ackgate.journal.enabled is 'true' here and was 'false' at build time");
	}

	@Test
	void aSettingUnsetAtBuildTimeAndSetHereDiffers() {
		Map<String, String> here = new HashMap<>(this.build);
		here.put("spring.threads.virtual.enabled", "true");
		assertThat(this.settings.differenceFrom(here::get, 25))
			.hasValue("spring.threads.virtual.enabled is 'true' here and was unset at build time");
	}

	@Test
	void aSettingSetAtBuildTimeAndUnsetHereDiffers() {
		Map<String, String> here = new HashMap<>(this.build);
		here.remove("ackgate.line.enabled");
		assertThat(this.settings.differenceFrom(here::get, 25))
			.hasValue("ackgate.line.enabled is unset here and was 'true' at build time");
	}

	@Test
	void settingsTheBuildNeverAskedForDoNotCount() {
		Map<String, String> here = new HashMap<>(this.build);
		here.put("ackgate.line.port", "9000");
		assertThat(this.settings.differenceFrom(here::get, 25)).isEmpty();
	}

	@Test
	void anotherJavaVersionDiffersWhateverTheSettings() {
		assertThat(this.settings.differenceFrom(this.build::get, 21))
			.hasValue("it runs on Java 21, the build ran on Java 25");
	}

	@Test
	void theFirstDifferenceInNameOrderIsTheOneSaid() {
		Map<String, String> here = new HashMap<>(this.build);
		here.put("management.endpoints.web.exposure.include", "*");
		here.put("ackgate.line.enabled", "false");
		assertThat(this.settings.differenceFrom(here::get, 25)).hasValueSatisfying(
				difference -> assertThat(difference).startsWith("ackgate.line.enabled is 'false'"));
	}

	@Test
	void readsBackWhatItWroteWithoutADateAndInNameOrder() {
		BuildSettings odd = BuildSettings.of(List.of("a=b", "x:y", "#hash", "spaces in name", "unicode.é", "empty"),
				Map.of("a=b", "1", "x:y", "line\nbreak", "#hash", " leading space", "unicode.é", "ü", "empty", "")::get,
				17);
		String text = odd.toText();
		assertThat(text.lines().toList()).isSorted().hasSize(7).noneMatch(line -> line.startsWith("#"));
		assertThat(BuildSettings.parse(text)).isEqualTo(odd);
		assertThat(BuildSettings.parse(this.settings.toText())).isEqualTo(this.settings);
		assertThat(odd.toText()).isEqualTo(text);
	}

	@Test
	void refusesATextItDidNotWrite() {
		assertThatIllegalArgumentException().isThrownBy(() -> BuildSettings.parse("set.a=1\n"))
			.withMessage("no 'java' line");
		assertThatIllegalArgumentException().isThrownBy(() -> BuildSettings.parse("java=25\nother=1\n"))
			.withMessage("unknown line 'other'");
	}

}
