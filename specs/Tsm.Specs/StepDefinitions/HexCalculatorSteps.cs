using Reqnroll;
using Tsm.Specs.Drivers;
using Tsm.Specs.Support;
using Xunit;

namespace Tsm.Specs.StepDefinitions;

[Binding]
public sealed class HexCalculatorSteps(HexCalculator calculator, ActionAttempt attempt)
{
    [Given("a fresh hex calculator")]
    public void GivenAFreshHexCalculator() => Assert.Empty(calculator.Entered);

    [Given("I have entered {word}")]
    [Given("I have entered {word} into the calculator")]
    public void GivenIHaveEntered(string value) => calculator.Enter(HexCalculator.ParseByte(value));

    [Given("I have entered the bytes")]
    public void GivenIHaveEnteredTheBytes(Table table)
    {
        foreach (var row in table.Rows)
        {
            calculator.Enter(HexCalculator.ParseByte(row["byte"]));
        }
    }

    [Given("I have entered the hex dump")]
    public void GivenIHaveEnteredTheHexDump(string dump) => calculator.EnterHex(dump);

    [When("I add them")]
    public void WhenIAddThem() => calculator.Add();

    [When("I try to add them")]
    public void WhenITryToAddThem() => attempt.Run(() => calculator.Add());

    [When("I xor them")]
    public void WhenIXorThem() => calculator.Xor();

    [Then("the result is {word}")]
    public void ThenTheResultIs(string expected)
    {
        Assert.NotNull(calculator.Result);
        Assert.Equal(HexCalculator.ParseByte(expected), calculator.Result.Value);
    }

    [Then("{int} bytes were entered")]
    public void ThenBytesWereEntered(int count) => Assert.Equal(count, calculator.Entered.Count);

    [Then("the calculation fails with an overflow mentioning {string}")]
    public void ThenTheCalculationFailsWithAnOverflow(string fragment) =>
        Assert.Contains(fragment, attempt.ErrorOf<OverflowException>().Message, StringComparison.Ordinal);

    [Given("a step that fails if it ever runs")]
    public void GivenAStepThatFailsIfItEverRuns() =>
        throw new InvalidOperationException("A scenario tagged @ignore ran one of its steps.");
}
