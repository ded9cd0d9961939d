package sc.fiji.diffdrr.cli;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;

import sc.fiji.diffdrr.opencl.Backends;
import sc.fiji.diffdrr.opencl.DeviceInfo;

/** {@code devices}: the OpenCL devices this machine offers. */
final class DevicesCommand implements Subcommand {

  @Override public String name() { return "devices"; }

  @Override public String summary() { return "list the OpenCL devices (name, type, memory, image support)"; }

  @Override
  public String usage() {
    return "usage: devices\n\nLists OpenCL devices: name, type, global memory, largest allocation, "
        + "image support.\nUse a part of a name with --device on render, simulate, reconstruct, bench.\n";
  }

  @Override
  public OptionTable options() {
    return new OptionTable(name());
  }

  @Override
  public int run(String[] argv, Cli cli) {
    new Args(options(), argv).rejectUnknown();
    List<DeviceInfo> devices = Backends.devices(cli::notice);
    if (devices.isEmpty()) {
      cli.out.println("no OpenCL devices; the java backend runs everything");
      return Main.OK;
    }
    List<String[]> rows = new ArrayList<>();
    rows.add(DeviceInfo.header());
    for (DeviceInfo d : devices) rows.add(d.row());
    cli.out.print(Table.format(rows));
    return Main.OK;
  }
}
