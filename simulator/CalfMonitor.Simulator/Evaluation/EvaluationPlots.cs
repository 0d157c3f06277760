namespace CalfMonitor.Simulator.Evaluation;

public static class EvaluationPlots
{
    public static List<string> Write(DatasetEvaluation d, string dir) => new();
}
