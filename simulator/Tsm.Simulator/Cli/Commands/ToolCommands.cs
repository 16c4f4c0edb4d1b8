using System.CommandLine;

namespace Tsm.Simulator.Cli.Commands;

/// <summary>The definitions of the offline QA tools: <c>scp02 wrap</c>, <c>cap info</c>, <c>diversify</c>, <c>cards</c>, <c>pdu decode</c>.</summary>
internal static class ToolCommands
{
    public static Command Scp02Wrap()
    {
        var wrap = new Command("wrap", "Replay the host side of an SCP02 session from a trace: verify the card cryptogram, print EXTERNAL AUTHENTICATE and each wrapped APDU (GP 2.2.1 Appendix E).")
            .With(
                Opt.One("key", "HEX", "ENC = MAC = DEK (16 bytes), e.g. the GP test key 404142…4F; else --enc, --mac and --dek."),
                Opt.One("enc", "HEX", "The static ENC key (16 bytes)."),
                Opt.One("mac", "HEX", "The static MAC key (16 bytes)."),
                Opt.One("dek", "HEX", "The static DEK key (16 bytes)."),
                Opt.One("host-challenge", "HEX", "The 8 bytes the host sent in INITIALIZE UPDATE.", required: true),
                Opt.One("init-update-response", "HEX", "The card's 28-byte INITIALIZE UPDATE answer, with or without 9000.", required: true),
                Opt.One("level", "LEVEL", "EXTERNAL AUTHENTICATE security level.", required: true, "01", "02", "03", "11", "13"),
                Opt.One("i", "I", "The SCP02 implementation option (default 15).", false, "15", "55"),
                Opt.Many("apdu", "HEX", "A plain command APDU to wrap; repeat it, in order."));
        return wrap.Forward(wrap, Scp02WrapCommand.Run);
    }

    public static Command CapInfo()
    {
        var info = new Command("info", "Print a CAP file's package, applets, components and load file data block hash as JSON.");
        info.Arguments.Add(new Argument<string>("FILE.cap") { Description = "The CAP file (a Java Card converter's .cap, a ZIP)." });
        return info.Forward(info, CapInfoCommand.Run);
    }

    public static Command Diversify()
    {
        var diversify = new Command("diversify", "Derive a card's ENC, MAC and DEK keys (with KCVs) from a master key and the key diversification data.")
            .With(
                Opt.One("method", "METHOD", "emv (EMV CPS) or visa2.", required: true, "emv", "visa2"),
                Opt.One("master", "HEX", "The issuer master key (16 bytes).", required: true),
                Opt.One("kdd", "HEX", "The key diversification data: the first 10 bytes of INITIALIZE UPDATE's answer.", required: true));
        return diversify.Forward(diversify, DiversifyCommand.Run);
    }

    public static Command Cards()
    {
        var cards = new Command("cards", "Make simulated cards (state files): one fresh GlobalPlatform card, or every card of an SE batch profile.");
        var create = new Command("new", "Write the state file of one fresh GP card (ISD A0000001510000, GP test keys).")
            .With(
                Opt.One("seid", "HEX", "The SE id.", required: true),
                Opt.One("state", "FILE", "The state file to write.", required: true));
        var batch = new Command("batch", "Write every card of an SE batch profile as DIR/<SEID>.json (a progress bar on a terminal).")
            .With(
                Opt.One("profile", "FILE.json", "The batch profile (docs/examples/se-batch.json is one).", required: true),
                Opt.One("out", "DIR", "The folder for the state files (created if missing).", required: true));
        cards.Subcommands.Add(create.Forward(cards, CardsCommand.Run));
        cards.Subcommands.Add(batch.Forward(cards, CardsCommand.Run));
        return cards;
    }

    public static Command Pdu()
    {
        var pdu = new Command("pdu", "SMS protocol data units.");
        var decode = new Command("decode", "Decode one captured PDU (header included) as JSON; spaces, colons and dashes in HEX are ignored.")
            .With(Opt.One("protocol", "PROTOCOL", "smpp34, cmpp20 or cmpp30.", required: true, "smpp34", "cmpp20", "cmpp30"));
        var protocol = (Option<string>)decode.Options[0];
        var hex = new Argument<string[]>("HEX") { Arity = ArgumentArity.OneOrMore, Description = "The PDU in hex (may be split across arguments)." };
        decode.Arguments.Add(hex);
        // The options may come in any order; PduCommand reads "decode --protocol P HEX...".
        decode.SetAction(result => Cli.Pdu.PduCommand.Run(
            ["decode", "--protocol", result.GetValue(protocol)!, .. result.GetValue(hex) ?? []],
            result.InvocationConfiguration.Output,
            result.InvocationConfiguration.Error));
        pdu.Subcommands.Add(decode);
        return pdu;
    }
}
