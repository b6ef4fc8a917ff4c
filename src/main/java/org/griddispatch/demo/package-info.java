/** The demo subdistrict (城厢街道) and demo accounts of {@code conf/demo}, loaded into an empty database. */
package org.griddispatch.demo;
