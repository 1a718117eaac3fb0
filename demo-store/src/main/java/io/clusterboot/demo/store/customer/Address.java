package io.clusterboot.demo.store.customer;

import jakarta.persistence.Column;
import jakarta.persistence.Embeddable;

/**
 * A postal address, embedded in the entity that has it.
 *
 * @param street the street and number
 * @param city the city
 * @param postalCode the postal code
 * @param country the ISO 3166 code of the country
 * @author ClusterBoot team
 */
@Embeddable
public record Address(@Column(nullable = false, length = 200) String street,
		@Column(nullable = false, length = 100) String city,
		@Column(name = "postal_code", nullable = false, length = 16) String postalCode,
		@Column(nullable = false, length = 2) String country) {

}
