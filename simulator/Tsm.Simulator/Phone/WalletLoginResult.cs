using Tsm.Protocol.Wallet;

namespace Tsm.Simulator.Phone;

/// <summary>A 200 login: the login fields, and the tokens when the gateway issued them (a gateway without wallet tokens sends none).</summary>
public sealed record WalletLoginResult(WalletLoginResponse Response, WalletTokens? Tokens);
