package sc.fiji.diffdrr.cli;

import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The options of one subcommand, declared once: the parser refuses any other option and checks
 * every value against its declaration before the command does any work, {@code --help} lists them
 * with what each allows, and the bad-input sweep generates its cases from them.
 */
final class OptionTable {

  final String command;
  private final Map<String, Option> options = new LinkedHashMap<>();

  OptionTable(String command) {
    this.command = command;
  }

  /** Adds options; a later declaration of the same name replaces the earlier one. */
  OptionTable add(Option... more) {
    for (Option o : more) options.put(o.name, o);
    return this;
  }

  OptionTable add(Collection<Option> more) {
    for (Option o : more) options.put(o.name, o);
    return this;
  }

  /** Adds the named options of a group. */
  OptionTable add(Collection<Option> group, String... names) {
    for (String n : names) {
      Option found = null;
      for (Option o : group) if (o.name.equals(n)) found = o;
      if (found == null) throw new IllegalStateException("no option --" + n + " in the group");
      options.put(n, found);
    }
    return this;
  }

  Option get(String name) {
    return options.get(name);
  }

  boolean contains(String name) {
    return options.containsKey(name);
  }

  Collection<Option> all() {
    return Collections.unmodifiableCollection(options.values());
  }

  /** Every option with what it allows, for {@code --help}. */
  String describe() {
    if (options.isEmpty()) return "";
    List<String> lines = new ArrayList<>();
    lines.add("\nallowed values:");
    for (Option o : options.values()) lines.add(o.describe());
    return String.join("\n", lines) + "\n";
  }
}
