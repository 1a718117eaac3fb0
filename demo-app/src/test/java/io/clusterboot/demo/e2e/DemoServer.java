package io.clusterboot.demo.e2e;

import java.nio.file.Path;

/**
 * The web servers ClusterBoot runs workers on, each with a demo application that answers
 * {@code /hello} with the process that served it: the zero-loss tests run against each.
 *
 * @author ClusterBoot team
 */
enum DemoServer {

	/** The demo application: Spring MVC on Tomcat. */
	TOMCAT(DemoJar.PROPERTY, "demo-app"),

	/** {@code demo-jetty}: Spring MVC on Jetty. */
	JETTY("demo.jetty.jar", "demo-jetty"),

	/** {@code demo-webflux}: WebFlux on Reactor Netty. */
	REACTOR_NETTY("demo.webflux.jar", "demo-webflux");

	private final String property;

	private final String module;

	DemoServer(String property, String module) {
		this.property = property;
		this.module = module;
	}

	/**
	 * The application's jar: a system property that failsafe sets (see demo-app/pom.xml),
	 * else where {@code mvn package} puts it.
	 * @return the absolute path of an existing jar
	 */
	Path jar() {
		Path fallback = (this == TOMCAT) ? Path.of("target", this.module + ".jar")
				: Path.of("..", this.module, "target", this.module + ".jar");
		return DemoJar.path(this.property, fallback);
	}

}
