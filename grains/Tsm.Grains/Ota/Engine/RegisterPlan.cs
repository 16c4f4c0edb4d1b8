using System.Security.Cryptography;
using Tsm.Protocol;
using Tsm.Protocol.GlobalPlatform;
using Tsm.Protocol.Wallet;

namespace Tsm.Grains.Ota.Engine;

/// <summary>Registration (requirement 5.5.2): STORE DATA of the number (DGI 2F14) and the token with the IMSI digest (DGI 1047) into the ISD.</summary>
internal sealed class RegisterPlan : OperationPlan
{
    public override IReadOnlyList<SecureChannelStage> Stages(PlanContext context) => [Isd(context)];

    public override string? PlanMain(PlanContext context)
    {
        var registration = context.Spec.Registration!;
        var token = Hex.Parse(registration.Token);
        try
        {
            var data = RegistrationData.EncodeDgis(Hex.Parse(registration.MsisdnBcd), token, Hex.Parse(registration.ImsiDigest));
            context.Wrapped(new StoreDataCommand(0, true, data, StoreDataStructure.Dgi).ToApdu(), CommandIntent.StoreRegistration, sensitive: true);
            return null;
        }
        finally
        {
            CryptographicOperations.ZeroMemory(token);
        }
    }
}
