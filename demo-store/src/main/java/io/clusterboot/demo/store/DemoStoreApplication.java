package io.clusterboot.demo.store;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;
import org.springframework.cache.annotation.EnableCaching;
import org.springframework.resilience.annotation.EnableResilientMethods;
import org.springframework.scheduling.annotation.EnableScheduling;

/**
 * A small web store on Spring MVC, Spring Data JPA, Hibernate, H2 and Thymeleaf: the
 * realistic application that the benchmarks and end-to-end tests run as a ClusterBoot
 * cluster, on Spring Boot 4.0.
 *
 * @author ClusterBoot team
 */
@SpringBootApplication
@ConfigurationPropertiesScan
@EnableCaching
@EnableResilientMethods
@EnableScheduling
public class DemoStoreApplication {

	public static void main(String[] args) {
		SpringApplication.run(DemoStoreApplication.class, args);
	}

}
