/**
 * The ticket state machine: who may do which action in which state, and the change each action
 * makes; every change and its timeline events are written in one transaction, then announced.
 */
package org.griddispatch.workflow;
