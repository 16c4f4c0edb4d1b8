return Tsm.Simulator.Cli.CommandLine.Run(args, Console.Out, Console.Error);
