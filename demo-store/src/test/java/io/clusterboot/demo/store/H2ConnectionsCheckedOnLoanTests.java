package io.clusterboot.demo.store;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import org.springframework.boot.SpringApplication;
import org.springframework.mock.env.MockEnvironment;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests for {@link H2ConnectionsCheckedOnLoan}.
 *
 * @author ClusterBoot team
 */
class H2ConnectionsCheckedOnLoanTests {

	private String saved;

	@BeforeEach
	void clear() {
		this.saved = System.clearProperty(H2ConnectionsCheckedOnLoan.ALIVE_BYPASS_WINDOW);
	}

	@AfterEach
	void restore() {
		if (this.saved != null) {
			System.setProperty(H2ConnectionsCheckedOnLoan.ALIVE_BYPASS_WINDOW, this.saved);
		}
		else {
			System.clearProperty(H2ConnectionsCheckedOnLoan.ALIVE_BYPASS_WINDOW);
		}
	}

	@Test
	void connectionsToH2InAutomaticMixedModeAreCheckedOnEveryLoan() {
		postProcess("jdbc:h2:file:/tmp/store/store;AUTO_SERVER=TRUE;WRITE_DELAY=0");

		assertThat(System.getProperty(H2ConnectionsCheckedOnLoan.ALIVE_BYPASS_WINDOW)).isEqualTo("0");
	}

	@Test
	void connectionsToPostgresqlKeepHikarisDefault() {
		postProcess("jdbc:postgresql://127.0.0.1:5432/store");

		assertThat(System.getProperty(H2ConnectionsCheckedOnLoan.ALIVE_BYPASS_WINDOW)).isNull();
	}

	@Test
	void aSettingOnTheCommandLineWins() {
		System.setProperty(H2ConnectionsCheckedOnLoan.ALIVE_BYPASS_WINDOW, "250");

		postProcess("jdbc:h2:file:/tmp/store/store;AUTO_SERVER=TRUE");

		assertThat(System.getProperty(H2ConnectionsCheckedOnLoan.ALIVE_BYPASS_WINDOW)).isEqualTo("250");
	}

	private static void postProcess(String url) {
		new H2ConnectionsCheckedOnLoan().postProcessEnvironment(
				new MockEnvironment().withProperty("spring.datasource.url", url), new SpringApplication());
	}

}
