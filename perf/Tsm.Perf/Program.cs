Console.WriteLine("usage: Tsm.Perf bench");
return 64;
