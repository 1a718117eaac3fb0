package io.clusterboot.demo.store.security;

import org.springframework.boot.security.autoconfigure.actuate.web.servlet.EndpointRequest;
import org.springframework.boot.security.autoconfigure.web.servlet.PathRequest;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.http.HttpMethod;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.security.web.csrf.CookieCsrfTokenRepository;

/**
 * Who may see what: the catalog, the JSON API, {@code /hello} and the actuator are open
 * to anybody; the cart, the checkout and the orders need a customer logged in through the
 * store's login form.
 * <p>
 * CSRF protection is on for the pages. The token lives in a cookie rather than in the
 * HTTP session: the forms of the public product pages carry a token, and a session per
 * anonymous page view would cost every visitor (and every benchmark request) a session.
 * The JSON API and the actuator are left out of CSRF protection: they authenticate
 * nobody, so a forged cross-site request could do nothing that a direct one cannot. The
 * actuator stays open as before (the store listens on loopback): the cluster's
 * {@code /actuator/cluster} is what its operators, benchmarks and end-to-end tests drive.
 *
 * @author ClusterBoot team
 */
@Configuration(proxyBeanMethods = false)
class SecurityConfiguration {

	@Bean
	SecurityFilterChain storeSecurityFilterChain(HttpSecurity http) {
		http.authorizeHttpRequests((requests) -> requests
			.requestMatchers(PathRequest.toStaticResources().atCommonLocations())
			.permitAll()
			.requestMatchers(EndpointRequest.toAnyEndpoint())
			.permitAll()
			.requestMatchers(HttpMethod.GET, "/", "/products/**")
			.permitAll()
			.requestMatchers(HttpMethod.POST, "/products/*/reviews")
			.permitAll()
			.requestMatchers("/api/**", "/hello", "/slow", "/error")
			.permitAll()
			.anyRequest()
			.authenticated())
			.formLogin((login) -> login.loginPage("/login").permitAll())
			.logout((logout) -> logout.permitAll())
			.csrf((csrf) -> csrf.csrfTokenRepository(new CookieCsrfTokenRepository())
				.ignoringRequestMatchers(EndpointRequest.toAnyEndpoint())
				.ignoringRequestMatchers("/api/**"));
		return http.build();
	}

}
