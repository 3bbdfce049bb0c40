/** The ${context} context's read model. */
package ${package}.projection;
