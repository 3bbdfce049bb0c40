/** Which ${aggregate} command goes where, and the stable names its events are stored under. */
package ${package}.application;
