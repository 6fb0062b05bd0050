#pragma once

#include "domain/labelset.h"
#include "playbook/playbook.h"

#include <QVector>
#include <QWidget>
#include <optional>
#include <utility>

class QCheckBox;
class QComboBox;
class QDateTimeEdit;
class QHBoxLayout;
class QLabel;
class QLineEdit;
class QProgressBar;
class QPushButton;

namespace firebreak {

struct Theme;

// What to backtest: the playbook, which of its sustained gates (and confirm gate), the label values
// its queries' templates are filled with (typed, or taken from a past incident's alert), and the
// span; then Run, with progress and Cancel while it runs. It only collects the choice; the window
// renders, fetches and runs.
class BacktestControls final : public QWidget {
    Q_OBJECT
public:
    enum class Span { Hours6, Hours24, Days7, Custom };

    explicit BacktestControls(const Theme& theme, QWidget* parent = nullptr);

    // Keeps the selected playbook when it is still there (by id).
    void setPlaybooks(const QVector<Playbook>& playbooks);
    int playbookIndex() const; // into the list given, -1 for none
    std::optional<PlaybookGate> sustainedGate() const;
    std::optional<PlaybookGate> confirmGate() const;
    // The labels the chosen gates' queries are templated with, in order of appearance, each once.
    QStringList templateLabels() const;
    LabelSet labelValues() const; // the typed values of templateLabels(), empty ones left out
    void setLabelValues(const LabelSet& values);
    // Past incidents' label values to choose from, with how each is described; the first is chosen
    // when no value is typed yet.
    void setIncidentChoices(const QVector<LabelSet>& choices, const QStringList& texts);

    Span spanChoice() const;
    void setSpan(Span span);
    void setCustomSpan(qint64 startMs, qint64 endMs); // and chooses Custom
    std::pair<qint64, qint64> span(qint64 nowMs) const; // [start, end] in UTC ms

    // "above 80 for 1m": a gate's condition as the controls and captions write it.
    static QString conditionText(const PlaybookGate& gate);

    void setRunning(bool running);
    void setProgress(const QString& text, int done, int total); // total 0: busy without a count

    QComboBox* playbookBox() const { return m_playbook; }
    QComboBox* gateBox() const { return m_gate; }
    QComboBox* confirmBox() const { return m_confirm; }
    QComboBox* incidentBox() const { return m_choices; }
    QComboBox* spanBox() const { return m_span; }
    QLineEdit* labelEdit(const QString& label) const;
    QPushButton* runButton() const { return m_run; }
    QPushButton* cancelButton() const { return m_cancel; }
    QProgressBar* progressBar() const { return m_progress; }
    QLabel* statusLabel() const { return m_status; }

Q_SIGNALS:
    void selectionChanged(); // playbook or gates
    void spanChanged();
    void runRequested();
    void cancelRequested();

private:
    void fillGates();
    void rebuildLabelEdits();

    QVector<Playbook> m_playbooks;
    QComboBox* m_playbook = nullptr;
    QComboBox* m_gate = nullptr;
    QComboBox* m_confirm = nullptr;
    QHBoxLayout* m_labelRow = nullptr;
    QLabel* m_noTemplates = nullptr;
    struct LabelEdit {
        QString label;
        QLabel* caption = nullptr;
        QLineEdit* edit = nullptr;
    };
    QVector<LabelEdit> m_labelEdits;
    QComboBox* m_choices = nullptr;
    QVector<LabelSet> m_choiceValues;
    QComboBox* m_span = nullptr;
    QDateTimeEdit* m_from = nullptr;
    QDateTimeEdit* m_to = nullptr;
    QPushButton* m_run = nullptr;
    QPushButton* m_cancel = nullptr;
    QProgressBar* m_progress = nullptr;
    QLabel* m_status = nullptr;
};

} // namespace firebreak
