package io.clusterboot.demo.store.security;

import io.clusterboot.demo.store.customer.CustomerRepository;
import io.clusterboot.demo.store.database.RetryOnTransientFailure;

import org.springframework.security.core.userdetails.User;
import org.springframework.security.core.userdetails.UserDetails;
import org.springframework.security.core.userdetails.UserDetailsService;
import org.springframework.security.core.userdetails.UsernameNotFoundException;
import org.springframework.stereotype.Service;

/**
 * The users of the store are its customers that have a user name and a password hash, in
 * the store's database: every worker of a cluster knows the same users.
 *
 * @author ClusterBoot team
 */
@Service
@RetryOnTransientFailure
class CustomerUserDetailsService implements UserDetailsService {

	private final CustomerRepository customers;

	CustomerUserDetailsService(CustomerRepository customers) {
		this.customers = customers;
	}

	@Override
	public UserDetails loadUserByUsername(String username) {
		return this.customers.findByUsername(username)
			.filter((customer) -> customer.getPasswordHash() != null)
			.map((customer) -> User.withUsername(customer.getUsername())
				.password(customer.getPasswordHash())
				.roles("CUSTOMER")
				.build())
			.orElseThrow(() -> new UsernameNotFoundException("No customer can log in as " + username));
	}

}
