package org.griddispatch.workflow;

/** An action with its name; the sections write each action as one of these. */
abstract class NamedAction implements Action {
  private final String name;

  NamedAction(String name) { this.name = name; }

  @Override
  public String name() { return name; }
}
