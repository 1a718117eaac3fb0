package io.clusterboot.demo.store;

import java.util.Locale;

import org.springframework.boot.EnvironmentPostProcessor;
import org.springframework.boot.SpringApplication;
import org.springframework.core.env.ConfigurableEnvironment;

/**
 * Has Hikari check every pooled connection before it lends it, when the store runs on
 * H2's automatic mixed mode. The worker that serves the H2 file closes the database as
 * soon as it gets its SIGTERM, in H2's own shutdown hook (which {@code AUTO_SERVER}
 * requires), and every connection that the other workers pooled to it breaks. Hikari
 * checks a connection only when it has been idle for 500 ms, so a request that got one
 * used just before failed with a 500 during a rolling reload (StoreBrowserIT saw it);
 * checked on every loan, a broken connection is replaced by a new one, which reaches
 * the worker that took the file over. A statement that runs at the very moment the
 * database closes still fails: PostgreSQL (the {@code postgres} profile) has no such
 * hand-over.
 * <p>
 * Hikari reads the setting from a system property when it creates a pool, hence before
 * the context creates the data source. A {@code -D} on the command line wins.
 *
 * @author ClusterBoot team
 */
class H2ConnectionsCheckedOnLoan implements EnvironmentPostProcessor {

	static final String ALIVE_BYPASS_WINDOW = "com.zaxxer.hikari.aliveBypassWindowMs";

	@Override
	public void postProcessEnvironment(ConfigurableEnvironment environment, SpringApplication application) {
		String url = environment.getProperty("spring.datasource.url", "");
		if (url.startsWith("jdbc:h2:") && url.toUpperCase(Locale.ROOT).contains("AUTO_SERVER=TRUE")
				&& System.getProperty(ALIVE_BYPASS_WINDOW) == null) {
			System.setProperty(ALIVE_BYPASS_WINDOW, "0");
		}
	}

}
