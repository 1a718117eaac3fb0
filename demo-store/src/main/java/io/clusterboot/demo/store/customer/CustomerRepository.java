package io.clusterboot.demo.store.customer;

import java.util.Optional;

import org.springframework.data.jpa.repository.JpaRepository;

/**
 * The customers of the store.
 *
 * @author ClusterBoot team
 */
public interface CustomerRepository extends JpaRepository<Customer, Long> {

	Optional<Customer> findByEmailIgnoreCase(String email);

	Optional<Customer> findByUsername(String username);

}
