package io.clusterboot.demo.store.customer;

import java.time.Instant;

import jakarta.persistence.Column;
import jakarta.persistence.Embedded;
import jakarta.persistence.Entity;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;

/**
 * Someone who placed an order, known by e-mail address; one who can log in to the store
 * also has a user name and a password hash.
 *
 * @author ClusterBoot team
 */
@Entity
public class Customer {

	@Id
	@GeneratedValue(strategy = GenerationType.IDENTITY)
	private Long id;

	@Column(nullable = false, unique = true, length = 200)
	private String email;

	@Column(nullable = false, length = 200)
	private String name;

	@Embedded
	private Address address;

	@Column(name = "created_at", nullable = false)
	private Instant createdAt;

	@Column(unique = true, length = 50)
	private String username;

	@Column(name = "password_hash", length = 100)
	private String passwordHash;

	protected Customer() {
	}

	public Customer(String email, String name, Address address) {
		this.email = email;
		this.name = name;
		this.address = address;
		this.createdAt = Instant.now();
	}

	/**
	 * Takes the name and address of the customer's latest order.
	 * @param name the name
	 * @param address the address
	 */
	public void update(String name, Address address) {
		this.name = name;
		this.address = address;
	}

	public Long getId() {
		return this.id;
	}

	public String getEmail() {
		return this.email;
	}

	public String getName() {
		return this.name;
	}

	public Address getAddress() {
		return this.address;
	}

	public Instant getCreatedAt() {
		return this.createdAt;
	}

	/**
	 * The name this customer logs in with.
	 * @return the user name, or {@code null} for a customer who cannot log in
	 */
	public String getUsername() {
		return this.username;
	}

	/**
	 * The hash of this customer's password, prefixed with the id of its encoder (such as
	 * <code>{bcrypt}</code>).
	 * @return the hash, or {@code null} for a customer who cannot log in
	 */
	public String getPasswordHash() {
		return this.passwordHash;
	}

}
