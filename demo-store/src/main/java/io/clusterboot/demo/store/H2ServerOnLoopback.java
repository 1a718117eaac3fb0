package io.clusterboot.demo.store;

import org.springframework.boot.EnvironmentPostProcessor;
import org.springframework.boot.SpringApplication;
import org.springframework.core.env.ConfigurableEnvironment;

/**
 * Keeps the server of H2's automatic mixed mode on the loopback interface. The first
 * worker to open the store's H2 file database ({@code AUTO_SERVER=TRUE}) serves it to the
 * other workers over TCP; without {@code h2.bindAddress} H2 listens on every interface and
 * writes the host's own address into the lock file for the others to connect to. The
 * workers of a cluster share one machine, so loopback is all they need. A
 * {@code -Dh2.bindAddress} on the command line wins. It must be set before H2 reads its
 * system properties, hence before the context creates the data source.
 *
 * @author ClusterBoot team
 */
class H2ServerOnLoopback implements EnvironmentPostProcessor {

	static final String BIND_ADDRESS = "h2.bindAddress";

	@Override
	public void postProcessEnvironment(ConfigurableEnvironment environment, SpringApplication application) {
		if (System.getProperty(BIND_ADDRESS) == null) {
			System.setProperty(BIND_ADDRESS, "127.0.0.1");
		}
	}

}
